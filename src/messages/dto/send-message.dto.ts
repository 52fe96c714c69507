import { IsUUID } from 'class-validator';
import { IsOmittable } from '../../common/is-omittable.js';
import { IsTrimmedText } from '../../users/dto/fields.js';
import { MESSAGE_BODY_MAX } from '../message.entity.js';

export class SendMessageDto {
  /** 1..2000 characters once trimmed. */
  @IsTrimmedText(MESSAGE_BODY_MAX)
  body: string;

  /** Admins only, and required for them: whose thread to write into. */
  @IsOmittable()
  @IsUUID()
  userId?: string;
}
