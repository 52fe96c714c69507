import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ApiAuth, CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { UuidPipe } from '../common/validation.js';
import { AppointmentDto, AppointmentPageDto } from './appointment.dto.js';
import { AppointmentPdfService } from './appointment-pdf.service.js';
import { AppointmentsService } from './appointments.service.js';
import { CancelAppointmentDto } from './dto/cancel-appointment.dto.js';
import { CreateAppointmentDto } from './dto/create-appointment.dto.js';
import { ListAppointmentsQueryDto } from './dto/list-appointments-query.dto.js';
import { PdfQueryDto } from './dto/pdf-query.dto.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { UpdateAppointmentDto } from './dto/update-appointment.dto.js';

const PDF_RESPONSE = {
  description: 'A PDF file',
  schema: { type: 'string', format: 'binary' },
  headers: {
    'Content-Disposition': {
      description: '`attachment; filename="…"`, or `inline` with `?disposition=inline`',
      schema: { type: 'string' },
    },
  },
};

@ApiTags('appointments')
@ApiAuth()
@Controller('api/appointments')
export class AppointmentsController {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly pdfs: AppointmentPdfService,
  ) {}

  /**
   * A patient books for themselves; an admin books for `patientId`; a doctor books a follow-up with themselves for
   * `patientId`, a patient they have an appointment with (another doctorId is 403; a patient not theirs, 404).
   */
  @Post()
  @ApiErrors(
    'VALIDATION_FAILED',
    'FORBIDDEN_ROLE',
    'NOT_FOUND',
    'APPOINTMENT_CONFLICT',
    'IN_THE_PAST',
    'OUTSIDE_WORKING_HOURS',
    'UPCOMING_LIMIT_REACHED',
  )
  bookAppointment(@CurrentUser() me: AuthUser, @Body() dto: CreateAppointmentDto): Promise<AppointmentDto> {
    return this.appointments.book(me, dto);
  }

  /** Patient: own; doctor: own schedule; admin: all. Ordered by start. */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  listAppointments(
    @CurrentUser() me: AuthUser,
    @Query() query: ListAppointmentsQueryDto,
  ): Promise<AppointmentPageDto> {
    return this.appointments.list(me, query);
  }

  /** The doctor's own schedule (admin: everyone's) between `from` and `to`, as a PDF to download. */
  @Roles('doctor', 'admin')
  @Get('report.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  @ApiErrors('VALIDATION_FAILED')
  getAgendaPdf(@CurrentUser() me: AuthUser, @Query() query: ReportQueryDto): Promise<StreamableFile> {
    return this.pdfs.report(me, query);
  }

  /** One appointment the caller may see (its patient, its doctor, admins); others are 404. */
  @Get(':id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  getAppointment(@CurrentUser() me: AuthUser, @Param('id', UuidPipe) id: string): Promise<AppointmentDto> {
    return this.appointments.findOne(me, id);
  }

  /** The confirmation slip, as a PDF to download (`?disposition=inline` to view it in a browser). */
  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  getAppointmentPdf(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Query() query: PdfQueryDto,
  ): Promise<StreamableFile> {
    return this.pdfs.slip(me, id, query.disposition);
  }

  /**
   * The appointment as a calendar file (iCalendar): the one the confirmation mails carry, as it is now
   * (METHOD:REQUEST, or CANCEL once cancelled; one UID, a SEQUENCE that grows with each change).
   */
  @Get(':id/ics')
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: 'An iCalendar file',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async getAppointmentIcs(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) id: string,
  ): Promise<StreamableFile> {
    const text = await this.appointments.calendarFile(me, id);
    return new StreamableFile(Buffer.from(text), {
      type: 'text/calendar; charset=utf-8; method=' + (/METHOD:CANCEL/.test(text) ? 'CANCEL' : 'REQUEST'),
      disposition: `attachment; filename="cita-${id}.ics"`,
    });
  }

  /**
   * Patients may reschedule their own (startsAt + endsAt) with CANCEL_MIN_NOTICE_HOURS of notice; a move goes back
   * to scheduled. Its doctor and admins also change status and notes; status cancelled is a cancellation.
   */
  @Patch(':id')
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'APPOINTMENT_CONFLICT',
    'INVALID_TRANSITION',
    'CANCEL_TOO_LATE',
    'IN_THE_PAST',
    'OUTSIDE_WORKING_HOURS',
    'UPCOMING_LIMIT_REACHED',
  )
  updateAppointment(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateAppointmentDto,
  ): Promise<AppointmentDto> {
    return this.appointments.update(me, id, dto);
  }

  /** Patients: at least CANCEL_MIN_NOTICE_HOURS before the start. Staff: always. */
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_TRANSITION', 'CANCEL_TOO_LATE')
  cancelAppointment(
    @CurrentUser() me: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Body() dto: CancelAppointmentDto,
  ): Promise<AppointmentDto> {
    return this.appointments.cancel(me, id, dto);
  }

  /** Deletes an appointment for good (admins). */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  deleteAppointment(@CurrentUser() me: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.appointments.remove(me, id);
  }
}
