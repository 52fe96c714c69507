import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsInstant } from '../../common/is-instant.js';

/** A cursor page, newest first in time but returned oldest first; page back with `before`. */
export class MessagePageQueryDto {
  /** Only messages created before this instant: pass the `createdAt` of the oldest message you hold. */
  @IsOptional()
  @IsInstant()
  before?: string;

  /** Page size, at most 100. A page may hold a few more when messages share its oldest millisecond. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;
}

export class AllMessagesQueryDto extends MessagePageQueryDto {
  /** One user's thread; omitted, every thread. */
  @IsOptional()
  @IsUUID()
  userId?: string;
}
