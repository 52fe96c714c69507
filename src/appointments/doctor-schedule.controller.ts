import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ApiAuth, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ArrayBodyPipe, UuidPipe } from '../common/validation.js';
import { AvailabilityQueryDto, SlotDto, WorkingHoursDto } from './dto/working-hours.dto.js';
import { WorkingHoursService } from './working-hours.service.js';

@ApiTags('doctors')
@ApiAuth()
@Controller('api/doctors/:id')
export class DoctorScheduleController {
  constructor(private readonly workingHours: WorkingHoursService) {}

  /** Free slots of one day (in CLINIC_TIMEZONE), without booked times and times already past. */
  @Get('availability')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  getAvailability(
    @Param('id', UuidPipe) id: string,
    @Query() query: AvailabilityQueryDto,
  ): Promise<SlotDto[]> {
    return this.workingHours.availability(id, query.date);
  }

  /** The doctor's weekly working hours. */
  @Get('working-hours')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  getWorkingHours(@Param('id', UuidPipe) id: string): Promise<WorkingHoursDto[]> {
    return this.workingHours.get(id);
  }

  /** Replaces the whole week (admin or that doctor). An empty list lifts every restriction. */
  @Put('working-hours')
  @ApiBody({ type: [WorkingHoursDto] })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN_ROLE')
  replaceWorkingHours(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Body(new ArrayBodyPipe(WorkingHoursDto)) intervals: WorkingHoursDto[],
  ): Promise<WorkingHoursDto[]> {
    return this.workingHours.replace(me, id, intervals);
  }
}
