import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ApiAuth, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { MarkReadDto } from './dto/mark-read.dto.js';
import { AllMessagesQueryDto, MessagePageQueryDto } from './dto/message-query.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { ConversationDto, MarkReadResultDto, MessageDto } from './message.dto.js';
import { MessagesService } from './messages.service.js';

@ApiTags('messages')
@ApiAuth()
@Controller('api/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  /** The caller's thread with the staff, oldest first; page back with `before`. */
  @Roles('user', 'doctor')
  @Get('mine')
  @ApiErrors('VALIDATION_FAILED')
  listMyMessages(@CurrentUser() me: AuthUser, @Query() query: MessagePageQueryDto): Promise<MessageDto[]> {
    return this.messages.mine(me, query);
  }

  /**
   * Patients and doctors write to the staff (`{ body }`); an admin writes into a user's thread
   * (`{ body, userId }`). Stored, then pushed as `message:new` on the /chat socket.
   */
  @Post()
  @ApiErrors('VALIDATION_FAILED', 'FORBIDDEN_ROLE', 'NOT_FOUND')
  sendMessage(@CurrentUser() me: AuthUser, @Body() dto: SendMessageDto): Promise<MessageDto> {
    return this.messages.send(me, dto);
  }

  /** Every message, or one user's thread with `userId`, oldest first; page back with `before`. */
  @Roles('admin')
  @Get()
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  listMessages(@CurrentUser() me: AuthUser, @Query() query: AllMessagesQueryDto): Promise<MessageDto[]> {
    return this.messages.list(me, query);
  }

  /** The staff inbox: one entry per thread, newest last message first; page on with `before`. */
  @Roles('admin')
  @Get('conversations')
  @ApiErrors('VALIDATION_FAILED')
  listConversations(
    @CurrentUser() me: AuthUser,
    @Query() query: MessagePageQueryDto,
  ): Promise<ConversationDto[]> {
    return this.messages.conversations(me, query);
  }

  /** Marks read what the other side wrote; an admin names the thread with `userId`. */
  @Post('read')
  @HttpCode(200)
  @ApiErrors('VALIDATION_FAILED', 'FORBIDDEN_ROLE', 'NOT_FOUND')
  markMessagesRead(@CurrentUser() me: AuthUser, @Body() dto: MarkReadDto): Promise<MarkReadResultDto> {
    return this.messages.markRead(me, dto);
  }
}
