import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { MailModule } from '../mail/mail.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { ChatReplyMails } from './chat-reply-mails.js';
import { ChatRooms } from './chat-rooms.js';
import { ChatGateway } from './chat.gateway.js';
import { Message } from './message.entity.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Message]),
    AuthModule,
    UsersModule,
    SessionsModule,
    AuditModule,
    MailModule,
  ],
  controllers: [MessagesController],
  providers: [MessagesService, ChatRooms, ChatGateway, ChatReplyMails],
})
export class MessagesModule {}
