import { IsNormalizedEmail } from '../../users/dto/fields.js';

export class ResendVerificationDto {
  /** The account's e-mail. The answer is the same whether or not an unverified account has it. @example "paciente1@vitalis.example" */
  @IsNormalizedEmail()
  email: string;
}
