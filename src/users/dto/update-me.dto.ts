import { IsOptional } from 'class-validator';
import { IsName } from './fields.js';

export class UpdateMeDto {
  @IsOptional()
  @IsName()
  name?: string;

  @IsOptional()
  @IsName()
  surname?: string;
}
