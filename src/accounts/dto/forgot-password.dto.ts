import { IsNormalizedEmail } from '../../users/dto/fields.js';

export class ForgotPasswordDto {
  /** The account's e-mail. The answer is the same whether or not an account has it. @example "paciente1@vitalis.example" */
  @IsNormalizedEmail()
  email: string;
}
