import { IsOptional, IsUUID } from 'class-validator';

export class MarkReadDto {
  /** Admins only, and required for them: whose thread they read. */
  @IsOptional()
  @IsUUID()
  userId?: string;
}
