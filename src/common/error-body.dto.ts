import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from './error-codes.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ type: [String], example: ['debe ser un correo válido'] })
  messages: string[];
}

/** The one error body of the API (API.md, Errors). */
export class ErrorBodyDto {
  @ApiProperty({ example: 401 })
  statusCode: number;

  @ApiProperty({ enum: Object.keys(ERROR_STATUS), example: 'TOKEN_MISSING' })
  code: ErrorCode;

  @ApiProperty({
    description: 'Spanish by default; English with Accept-Language: en',
    example: 'No hay token en la petición',
  })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Only for VALIDATION_FAILED' })
  errors?: FieldErrorDto[];
}
