import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UsersService } from '../users/users.service.js';
import { appointmentSlip, type PdfContext, scheduleReport } from './appointment-pdf.js';
import { AppointmentsService } from './appointments.service.js';
import type { PdfDisposition } from './dto/pdf-query.dto.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';

const MAX_REPORT_DAYS = 93;

/** Streams the PDFs (pdfkit) with the row-level access of the appointments themselves. */
@Injectable()
export class AppointmentPdfService {
  private readonly ctx: PdfContext;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly appointments: AppointmentsService,
    private readonly users: UsersService,
  ) {
    this.ctx = { clinicName: config.clinic.name, timezone: config.clinic.timezone };
  }

  async slip(me: AuthUser, id: string, disposition: PdfDisposition = 'attachment'): Promise<StreamableFile> {
    const appointment = await this.appointments.findVisible(me, id);
    const when = this.local(appointment.startsAt).toFormat('yyyy-LL-dd-HHmm');
    return pdfFile(await appointmentSlip(appointment, this.ctx), disposition, `cita-${when}.pdf`);
  }

  async report(me: AuthUser, query: ReportQueryDto): Promise<StreamableFile> {
    const range = { startsAt: new Date(query.from), endsAt: new Date(query.to) };
    const days = (range.endsAt.getTime() - range.startsAt.getTime()) / 86_400_000;
    if (!(days > 0 && days <= MAX_REPORT_DAYS)) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'to', constraints: { rangeOrder: 'must be after from' } },
      ]);
    }
    const appointments = await this.appointments.listRange(me, range);
    const title = me.rol === 'doctor' ? `Agenda de ${await this.fullName(me.id)}` : 'Agenda de la clínica';
    // Named by its first and last day (`to` is excluded: up to midnight is the day before).
    const first = this.local(range.startsAt).toISODate()!;
    const last = this.local(new Date(range.endsAt.getTime() - 1)).toISODate()!;
    const name = first === last ? `agenda-${first}.pdf` : `agenda-${first}-a-${last}.pdf`;
    return pdfFile(
      await scheduleReport(appointments, range, title, this.ctx),
      query.disposition ?? 'attachment',
      name,
    );
  }

  private local(instant: Date): DateTime {
    return DateTime.fromJSDate(instant, { zone: this.ctx.timezone });
  }

  private async fullName(userId: string): Promise<string> {
    const user = await this.users.findOne(userId);
    return `${user.name} ${user.surname}`;
  }
}

/** `attachment` by default: Swagger UI then offers the file to download, and browsers save it. */
function pdfFile(doc: PDFKit.PDFDocument, disposition: PdfDisposition, filename: string): StreamableFile {
  return new StreamableFile(doc, {
    type: 'application/pdf',
    disposition: `${disposition}; filename="${filename}"`,
  });
}
