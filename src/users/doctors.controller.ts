import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { DoctorsService } from './doctors.service.js';
import { ListDoctorsQueryDto } from './dto/list-doctors-query.dto.js';
import { DoctorListDto } from './user.dto.js';

@ApiTags('doctors')
@ApiAuth()
@Controller('api/doctors')
export class DoctorsController {
  constructor(private readonly doctors: DoctorsService) {}

  /**
   * Active doctors, by surname; `specialty` and `search` narrow the list, without regard to case or accents.
   */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  listDoctors(@Query() query: ListDoctorsQueryDto): Promise<DoctorListDto> {
    return this.doctors.list(query);
  }
}
