import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface IcsAppointment {
  id: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  cancelled: boolean;
  doctor: string;
  patient: { name: string; email: string };
}

/**
 * The appointment as an iCalendar file (RFC 5545/5546): METHOD:REQUEST while it stands, CANCEL once cancelled; one
 * UID per appointment and a SEQUENCE that grows with each change, so a calendar updates the event it already holds.
 * Times are UTC instants: a calendar shows them in its own zone, right on both sides of a daylight-saving change.
 */
export function appointmentIcs(appointment: IcsAppointment, clinic: { name: string; from: string }): string {
  const calendar = ical({
    name: clinic.name,
    prodId: { company: 'Vitalis', product: 'vitalis-api', language: 'ES' },
    method: appointment.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: `${appointment.id}@vitalis`,
    sequence: appointment.sequence,
    start: appointment.startsAt,
    end: appointment.endsAt,
    summary: `${clinic.name}: cita con ${appointment.doctor}`,
    location: clinic.name,
    status: appointment.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: organizerOf(clinic),
    attendees: [{ name: appointment.patient.name, email: appointment.patient.email }],
  });
  return calendar.toString();
}

/** The clinic as organizer, from MAIL_FROM (`"Name" <address>` or a bare address). */
function organizerOf(clinic: { name: string; from: string }): { name: string; email: string } {
  const address = /<([^>]+)>/.exec(clinic.from)?.[1] ?? clinic.from;
  return { name: clinic.name, email: address.trim() };
}
