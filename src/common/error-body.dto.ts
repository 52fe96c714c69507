import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from './error-codes.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ type: [String], example: ['debe ser un correo válido'] })
  messages: string[];
}

/** The one error body of the API (API.md, Errors). Each route's examples, one per code: src/openapi/. */
export class ErrorBodyDto {
  @ApiProperty()
  statusCode: number;

  @ApiProperty({ enum: Object.keys(ERROR_STATUS) })
  code: ErrorCode;

  @ApiProperty({ description: 'Spanish by default; English with Accept-Language: en' })
  message: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'The fields at fault (VALIDATION_FAILED, INVALID_JSON)',
  })
  errors?: FieldErrorDto[];
}
