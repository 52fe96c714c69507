/**
 * What time it is for the scheduled work (mail due times, reminders). The system clock in production; tests give
 * the app a clock they move, so a reminder due in 24 hours is tested without waiting for them.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
