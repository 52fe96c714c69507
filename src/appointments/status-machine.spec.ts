import { APPOINTMENT_STATUSES, type AppointmentStatus } from './appointment.entity.js';
import { canTransition, isOpen } from './status-machine.js';

describe('appointment status machine', () => {
  const allowed: [AppointmentStatus, AppointmentStatus][] = [
    ['scheduled', 'confirmed'],
    ['scheduled', 'cancelled'],
    ['confirmed', 'completed'],
    ['confirmed', 'no_show'],
    ['confirmed', 'cancelled'],
  ];

  it('allows exactly the moves of the contract', () => {
    const sut = APPOINTMENT_STATUSES.flatMap((from) =>
      APPOINTMENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => [from, to]),
    );
    expect(sut).toEqual(allowed);
  });

  it('refuses staying put, going back and leaving a final state', () => {
    expect(canTransition('scheduled', 'scheduled')).toBe(false);
    expect(canTransition('confirmed', 'scheduled')).toBe(false);
    expect(canTransition('scheduled', 'completed')).toBe(false);
    expect(canTransition('cancelled', 'scheduled')).toBe(false);
    expect(canTransition('completed', 'cancelled')).toBe(false);
  });

  it('calls only scheduled and confirmed open', () => {
    expect(APPOINTMENT_STATUSES.filter(isOpen)).toEqual(['scheduled', 'confirmed']);
  });
});
