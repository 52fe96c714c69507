import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiAuth, CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { UuidPipe } from '../common/validation.js';
import { AbsenceDto, AbsencesQueryDto, CreateAbsenceDto, CreatedAbsenceDto } from './dto/absence.dto.js';
import { AffectsQueryDto } from './dto/closure.dto.js';
import { AbsencesService } from './absences.service.js';

@ApiTags('doctors')
@ApiAuth()
@Roles('doctor', 'admin')
@Controller('api/doctors/:id/absences')
export class AbsencesController {
  constructor(private readonly absences: AbsencesService) {}

  /** The doctor's absences ending after now (or after `from`), in order, with their reasons: the doctor or an admin. */
  @Get()
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  listAbsences(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) doctorId: string,
    @Query() query: AbsencesQueryDto,
  ): Promise<AbsenceDto[]> {
    return this.absences.list(me, doctorId, query.from);
  }

  /**
   * Marks the doctor away (the doctor or an admin). Answers it with the scheduled and confirmed appointments it
   * covers (`affected`; their patients are mailed, without the reason); `?cancelAffected=true` cancels them in the
   * same transaction. Bookings with the doctor inside it are refused from then on: 422 DOCTOR_UNAVAILABLE.
   */
  @Post()
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  createAbsence(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) doctorId: string,
    @Body() dto: CreateAbsenceDto,
    @Query() query: AffectsQueryDto,
  ): Promise<CreatedAbsenceDto> {
    return this.absences.create(me, doctorId, dto, query.cancelAffected ?? false);
  }

  /** Ends the absence early or takes it back (appointments it cancelled stay cancelled). */
  @Delete(':absenceId')
  @HttpCode(204)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  removeAbsence(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) doctorId: string,
    @Param('absenceId', UuidPipe) absenceId: string,
  ): Promise<void> {
    return this.absences.remove(me, doctorId, absenceId);
  }
}
