import { PickType } from '@nestjs/swagger';
import { UpdateUserDto } from './update-user.dto.js';

/** What users may change about themselves. */
export class UpdateMeDto extends PickType(UpdateUserDto, ['name', 'surname'] as const) {}
