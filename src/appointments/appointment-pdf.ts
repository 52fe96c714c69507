import { DateTime } from 'luxon';
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
export async function appointmentSlip(
  appointment: Appointment,
  ctx: PdfContext,
): Promise<PDFKit.PDFDocument> {
  const doc = await newDocument(`Cita ${appointment.id}`, ctx);
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

/**
 * A schedule report: one row per appointment in the range, grouped by day, over as many pages as it takes. A row
 * never splits across pages; every page carries the column header, the heading of the day it continues and
 * "página N de M".
 */
export async function scheduleReport(
  appointments: Appointment[],
  range: TimeRange,
  title: string,
  ctx: PdfContext,
): Promise<PDFKit.PDFDocument> {
  // Pages stay in memory until the end, so that each can say how many there are.
  const doc = await newDocument(title, ctx, { bufferPages: true });
  header(doc, ctx, title);
  const count = `${appointments.length} ${appointments.length === 1 ? 'cita' : 'citas'}`;
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(
      // The range ends before `to`: up to midnight is the day before.
      `Del ${longDate(range.startsAt, ctx.timezone)} al ${longDate(new Date(range.endsAt.getTime() - 1), ctx.timezone)} · ${count}`,
      60,
    )
    .text(`Horas de ${ctx.timezone}`, 60)
    .moveDown(1);
  row(doc, ['Hora', 'Paciente', 'Médico', 'Estado'], 'Helvetica-Bold', MUTED);
  let currentDay = '';
  for (const appointment of appointments) {
    const day = longDate(appointment.startsAt, ctx.timezone);
    const cells = [
      `${clock(appointment.startsAt, ctx.timezone)}–${clock(appointment.endsAt, ctx.timezone)}`,
      `${appointment.patient!.name} ${appointment.patient!.surname}`,
      `${appointment.doctor!.name} ${appointment.doctor!.surname}`,
      STATUS_ES[appointment.status],
    ];
    // A new day's heading is never left alone at the foot of a page: it moves on with its first row.
    const needed = rowHeight(doc, cells) + (day === currentDay ? 0 : DAY_HEADING_HEIGHT);
    if (doc.y + needed > contentBottom(doc)) {
      continuationPage(doc, ctx, title);
      if (day === currentDay) {
        dayHeading(doc, `${day} (continuación)`);
      }
    }
    if (day !== currentDay) {
      currentDay = day;
      dayHeading(doc, day);
    }
    row(doc, cells, 'Helvetica', 'black');
  }
  if (appointments.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(11).fillColor(MUTED).text('No hay citas en este periodo.', 60);
  }
  pageNumbers(doc);
  doc.end();
  return doc;
}

const COLUMNS = [
  { x: 60, width: 80 },
  { x: 140, width: 150 },
  { x: 290, width: 150 },
  { x: 440, width: 100 },
];
const ROW_FONT_SIZE = 10;
const ROW_GAP = 4;
/** The space a day's heading takes: 12 pt type and the room around it. */
const DAY_HEADING_HEIGHT = 30;

function rowHeight(doc: PDFKit.PDFDocument, cells: string[]): number {
  doc.font('Helvetica').fontSize(ROW_FONT_SIZE);
  return Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: COLUMNS[i].width }))) + ROW_GAP;
}

function row(doc: PDFKit.PDFDocument, cells: string[], font: string, color: string): void {
  const height = rowHeight(doc, cells);
  const y = doc.y;
  doc.font(font).fontSize(ROW_FONT_SIZE).fillColor(color);
  cells.forEach((cell, i) => doc.text(cell, COLUMNS[i].x, y, { width: COLUMNS[i].width }));
  doc.x = COLUMNS[0].x;
  doc.y = y + height;
}

function dayHeading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).fillColor(BRAND).text(text, 60).moveDown(0.3);
}

/** Where rows may end on this page (the page number sits in the bottom margin). */
function contentBottom(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** A new page that reads on from the last: a running title and the column header. */
function continuationPage(doc: PDFKit.PDFDocument, ctx: PdfContext, title: string): void {
  doc.addPage();
  doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(`${ctx.clinicName} · ${title}`, 60).moveDown(0.8);
  row(doc, ['Hora', 'Paciente', 'Médico', 'Estado'], 'Helvetica-Bold', MUTED);
}

/** "página N de M" at the foot of every buffered page. */
function pageNumbers(doc: PDFKit.PDFDocument): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Text in the bottom margin would make pdfkit start a new page: lift the margin while writing there.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`página ${i - start + 1} de ${count}`, 60, doc.page.height - 35, {
        width: doc.page.width - 120,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
}

/** pdfkit is loaded with the first PDF: it would cost every start a third of a second. */
async function newDocument(
  title: string,
  ctx: PdfContext,
  options: { bufferPages?: boolean } = {},
): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  return new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: title, Author: ctx.clinicName },
    ...options,
  });
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
