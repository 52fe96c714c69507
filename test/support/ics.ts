import ical from 'node-ical';

/** The one event of an iCalendar text, as a calendar program reads it, and the calendar's METHOD. */
export function readIcs(text: string): {
  method: string;
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  status: string;
} {
  const parsed = ical.sync.parseICS(text);
  const event = Object.values(parsed).find((component) => component?.type === 'VEVENT') as unknown as {
    uid: string;
    sequence: string | number;
    start: Date;
    end: Date;
    status: string;
  };
  const method = /^METHOD:(\w+)/m.exec(text)?.[1] ?? '';
  return {
    method,
    uid: event.uid,
    sequence: Number(event.sequence),
    start: new Date(event.start),
    end: new Date(event.end),
    status: event.status,
  };
}
