import type { AppointmentStatus } from './appointment.entity.js';

/** API.md: scheduled -> confirmed -> completed | no_show; scheduled/confirmed -> cancelled. Nothing else. */
const NEXT: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  scheduled: ['confirmed', 'cancelled'],
  confirmed: ['completed', 'no_show', 'cancelled'],
  completed: [],
  no_show: [],
  cancelled: [],
};

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return NEXT[from].includes(to);
}

/** Only a live appointment (scheduled or confirmed) can be moved or cancelled. */
export function isOpen(status: AppointmentStatus): boolean {
  return status === 'scheduled' || status === 'confirmed';
}
