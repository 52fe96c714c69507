import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth } from '../auth/auth.decorators.js';
import { DoctorsService } from './doctors.service.js';
import { SpecialtyListDto } from './user.dto.js';

@ApiTags('doctors')
@ApiAuth()
@Controller('api/specialties')
export class SpecialtiesController {
  constructor(private readonly doctors: DoctorsService) {}

  /**
   * The specialties of active doctors, each once (spellings that differ only in case or accents are one), sorted.
   */
  @Get()
  listSpecialties(): Promise<SpecialtyListDto> {
    return this.doctors.specialties();
  }
}
