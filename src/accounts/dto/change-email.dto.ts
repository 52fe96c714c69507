import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsNormalizedEmail } from '../../users/dto/fields.js';

export class ChangeEmailDto {
  /** The new address: it receives a confirmation link, and becomes the account's e-mail once that is opened. @example "lucia.nueva@vitalis.example" */
  @IsNormalizedEmail()
  email: string;

  /** The account's current password. @example "Vitalis-paciente-2026" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword: string;
}
