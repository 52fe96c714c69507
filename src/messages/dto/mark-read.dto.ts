import { IsUUID } from 'class-validator';
import { IsOmittable } from '../../common/is-omittable.js';

export class MarkReadDto {
  /** Admins only, and required for them: whose thread they read. */
  @IsOmittable()
  @IsUUID()
  userId?: string;
}
