import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import type { Appointment, AppointmentStatus } from './appointment.entity.js';
import type { TimeRange } from './schedule.js';

export interface PdfContext {
  clinicName: string;
  timezone: string;
}

const STATUS_ES: Record<AppointmentStatus, string> = {
  scheduled: 'Programada',
  confirmed: 'Confirmada',
  completed: 'Realizada',
  no_show: 'No presentado',
  cancelled: 'Cancelada',
};

const BRAND = '#0f766e';
const MUTED = '#555555';

/** The confirmation slip of one appointment. The caller pipes the returned stream; it is already ended. */
export function appointmentSlip(appointment: Appointment, ctx: PdfContext): PDFKit.PDFDocument {
  const doc = newDocument(`Cita ${appointment.id}`, ctx);
  header(doc, ctx, 'Justificante de cita');
  const patient = appointment.patient!;
  const doctor = appointment.doctor!;
  const rows: [string, string][] = [
    ['Paciente', `${patient.name} ${patient.surname}`],
    ['Médico', `${doctor.name} ${doctor.surname}${doctor.specialty ? ` — ${doctor.specialty}` : ''}`],
    ['Fecha', longDate(appointment.startsAt, ctx.timezone)],
    [
      'Hora',
      `${clock(appointment.startsAt, ctx.timezone)} – ${clock(appointment.endsAt, ctx.timezone)} (${ctx.timezone})`,
    ],
    ['Estado', STATUS_ES[appointment.status]],
    ['Motivo', appointment.reason ?? '—'],
    ['Referencia', appointment.id],
  ];
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(11).fillColor(MUTED).text(label, 60, y, { width: 110 });
    doc.font('Helvetica').fontSize(12).fillColor('black').text(value, 170, y, { width: 370 });
    doc.moveDown(0.8);
  }
  doc
    .moveDown(2)
    .font('Helvetica-Oblique')
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      'Si no puede asistir, cancele la cita con antelación desde la aplicación o llamando a la clínica.',
      60,
    );
  doc.end();
  return doc;
}

/** A schedule report: one line per appointment in the range, grouped by day. */
export function scheduleReport(
  appointments: Appointment[],
  range: TimeRange,
  title: string,
  ctx: PdfContext,
): PDFKit.PDFDocument {
  const doc = newDocument(title, ctx);
  header(doc, ctx, title);
  const count = `${appointments.length} ${appointments.length === 1 ? 'cita' : 'citas'}`;
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(
      `Del ${longDate(range.startsAt, ctx.timezone)} al ${longDate(range.endsAt, ctx.timezone)} · ${count}`,
      60,
    )
    .text(`Horas de ${ctx.timezone}`, 60)
    .moveDown(1);
  row(doc, ['Hora', 'Paciente', 'Médico', 'Estado'], 'Helvetica-Bold', MUTED);
  let currentDay = '';
  for (const appointment of appointments) {
    const day = longDate(appointment.startsAt, ctx.timezone);
    if (day !== currentDay) {
      currentDay = day;
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).fillColor(BRAND).text(day, 60).moveDown(0.3);
    }
    const patient = appointment.patient!;
    const doctor = appointment.doctor!;
    row(
      doc,
      [
        `${clock(appointment.startsAt, ctx.timezone)}–${clock(appointment.endsAt, ctx.timezone)}`,
        `${patient.name} ${patient.surname}`,
        `${doctor.name} ${doctor.surname}`,
        STATUS_ES[appointment.status],
      ],
      'Helvetica',
      'black',
    );
  }
  if (appointments.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(11).fillColor(MUTED).text('No hay citas en este periodo.', 60);
  }
  doc.end();
  return doc;
}

const COLUMNS = [
  { x: 60, width: 80 },
  { x: 140, width: 150 },
  { x: 290, width: 150 },
  { x: 440, width: 100 },
];

function row(doc: PDFKit.PDFDocument, cells: string[], font: string, color: string): void {
  const y = doc.y;
  doc.font(font).fontSize(10).fillColor(color);
  cells.forEach((cell, i) => doc.text(cell, COLUMNS[i].x, y, { width: COLUMNS[i].width }));
  doc.moveDown(0.4);
}

function newDocument(title: string, ctx: PdfContext): PDFKit.PDFDocument {
  return new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Author: ctx.clinicName } });
}

function header(doc: PDFKit.PDFDocument, ctx: PdfContext, title: string): void {
  doc.rect(0, 0, doc.page.width, 90).fill(BRAND);
  doc.font('Helvetica-Bold').fontSize(22).fillColor('white').text(ctx.clinicName, 60, 30);
  doc.font('Helvetica').fontSize(12).text(title, 60, 58);
  doc.fillColor('black').moveDown(3);
  doc.y = 120;
}

function longDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale('es').toFormat("cccc, d 'de' LLLL 'de' yyyy");
}

function clock(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}
