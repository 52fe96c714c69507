import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth } from '../auth/auth.decorators.js';
import { DoctorListDto } from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('doctors')
@ApiAuth()
@Controller('api/doctors')
export class DoctorsController {
  constructor(private readonly users: UsersService) {}

  /** Active doctors, by surname. */
  @Get()
  listDoctors(): Promise<DoctorListDto> {
    return this.users.listDoctors();
  }
}
