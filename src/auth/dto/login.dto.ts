import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsNormalizedEmail } from '../../users/dto/fields.js';

export class LoginDto {
  /** @example "paciente1@vitalis.example" */
  @IsNormalizedEmail()
  email: string;

  /** @example "Vitalis-demo-2026" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}
