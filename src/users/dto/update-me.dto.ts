import { IntersectionType, PickType } from '@nestjs/swagger';
import { ProfileDto } from './profile.dto.js';
import { UpdateUserDto } from './update-user.dto.js';

/** What users may change about themselves: their names and their profile. */
export class UpdateMeDto extends IntersectionType(
  PickType(UpdateUserDto, ['name', 'surname'] as const),
  ProfileDto,
) {}
