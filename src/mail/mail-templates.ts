import type { Locale } from '../config/app-config.js';

/** What each kind of mail needs to be written; nothing about anyone's health. */
export interface MailParams {
  password_reset: { name: string; link: string; minutes: number };
  password_changed: { name: string };
  email_verify: { name: string; link: string; hours: number };
  email_change_confirm: { name: string; link: string; hours: number; email: string };
  email_change_notice: { name: string; email: string };
  /** An appointment that falls in a closure or a doctor's absence; `when` is already written in the clinic's zone. */
  appointment_unavailable: { name: string; when: string; why: string; cancelled: boolean };
  /** Booked, moved or cancelled, with the calendar file (iCalendar text) that says so. */
  appointment_confirmation: {
    name: string;
    when: string;
    doctor: string;
    kind: AppointmentChange;
    ics: string;
  };
  appointment_reminder: { name: string; when: string; doctor: string };
  /** Staff answered in the support chat; the message itself stays in the app (it may be about health). */
  chat_reply: { name: string };
}

export type AppointmentChange = 'booked' | 'moved' | 'cancelled';

export type MailTemplate = keyof MailParams;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Words {
  subject: string;
  greeting: string;
  lines: string[];
  action?: { label: string; link: string };
  closing: string;
}

type Writer<T extends MailTemplate> = (params: MailParams[T], clinic: string) => Words;

const TEMPLATES: { [T in MailTemplate]: Record<Locale, Writer<T>> } = {
  password_reset: {
    es: ({ name, link, minutes }, clinic) => ({
      subject: `${clinic}: restablecer tu contraseña`,
      greeting: `Hola, ${name}:`,
      lines: [
        `Alguien (esperamos que tú) ha pedido restablecer la contraseña de tu cuenta en ${clinic}.`,
        `El enlace sirve una sola vez y caduca en ${minutes} minutos.`,
        'Si no lo has pedido tú, ignora este correo: tu contraseña no cambia.',
      ],
      action: { label: 'Elegir una contraseña nueva', link },
      closing: `El equipo de ${clinic}`,
    }),
    en: ({ name, link, minutes }, clinic) => ({
      subject: `${clinic}: reset your password`,
      greeting: `Hello ${name},`,
      lines: [
        `Someone (we hope you) asked to reset the password of your ${clinic} account.`,
        `The link works once and expires in ${minutes} minutes.`,
        'If it was not you, ignore this mail: your password stays as it is.',
      ],
      action: { label: 'Choose a new password', link },
      closing: `The ${clinic} team`,
    }),
  },
  password_changed: {
    es: ({ name }, clinic) => ({
      subject: `${clinic}: tu contraseña ha cambiado`,
      greeting: `Hola, ${name}:`,
      lines: [
        'La contraseña de tu cuenta acaba de cambiar y se han cerrado todas tus sesiones.',
        `Si no has sido tú, escríbenos o llama a ${clinic} cuanto antes.`,
      ],
      closing: `El equipo de ${clinic}`,
    }),
    en: ({ name }, clinic) => ({
      subject: `${clinic}: your password was changed`,
      greeting: `Hello ${name},`,
      lines: [
        'The password of your account has just been changed, and all your sessions have been ended.',
        `If it was not you, contact ${clinic} as soon as you can.`,
      ],
      closing: `The ${clinic} team`,
    }),
  },
  email_verify: {
    es: ({ name, link, hours }, clinic) => ({
      subject: `${clinic}: confirma tu correo`,
      greeting: `Hola, ${name}:`,
      lines: [
        `Para terminar de crear tu cuenta en ${clinic}, confirma que este correo es tuyo.`,
        `El enlace sirve una sola vez y caduca en ${hours} horas.`,
        'Si no has creado ninguna cuenta, ignora este correo.',
      ],
      action: { label: 'Confirmar mi correo', link },
      closing: `El equipo de ${clinic}`,
    }),
    en: ({ name, link, hours }, clinic) => ({
      subject: `${clinic}: confirm your e-mail`,
      greeting: `Hello ${name},`,
      lines: [
        `To finish setting up your ${clinic} account, confirm this e-mail address is yours.`,
        `The link works once and expires in ${hours} hours.`,
        'If you did not create an account, ignore this mail.',
      ],
      action: { label: 'Confirm my e-mail', link },
      closing: `The ${clinic} team`,
    }),
  },
  email_change_confirm: {
    es: ({ name, link, hours, email }, clinic) => ({
      subject: `${clinic}: confirma tu nuevo correo`,
      greeting: `Hola, ${name}:`,
      lines: [
        `Has pedido que tu cuenta en ${clinic} use ${email}. Confírmalo con este enlace.`,
        `El enlace sirve una sola vez y caduca en ${hours} horas. Hasta entonces, tu correo no cambia.`,
      ],
      action: { label: 'Usar este correo', link },
      closing: `El equipo de ${clinic}`,
    }),
    en: ({ name, link, hours, email }, clinic) => ({
      subject: `${clinic}: confirm your new e-mail`,
      greeting: `Hello ${name},`,
      lines: [
        `You asked for your ${clinic} account to use ${email}. Confirm it with this link.`,
        `The link works once and expires in ${hours} hours. Until then your e-mail stays as it is.`,
      ],
      action: { label: 'Use this e-mail', link },
      closing: `The ${clinic} team`,
    }),
  },
  email_change_notice: {
    es: ({ name, email }, clinic) => ({
      subject: `${clinic}: se ha pedido cambiar tu correo`,
      greeting: `Hola, ${name}:`,
      lines: [
        `Se ha pedido que tu cuenta en ${clinic} use otro correo (${email}). Cambiará cuando se confirme desde allí.`,
        `Si no has sido tú, cambia tu contraseña y avisa a ${clinic} cuanto antes.`,
      ],
      closing: `El equipo de ${clinic}`,
    }),
    en: ({ name, email }, clinic) => ({
      subject: `${clinic}: a change of your e-mail was asked for`,
      greeting: `Hello ${name},`,
      lines: [
        `Someone asked for your ${clinic} account to use another e-mail (${email}). It changes once confirmed there.`,
        `If it was not you, change your password and contact ${clinic} as soon as you can.`,
      ],
      closing: `The ${clinic} team`,
    }),
  },
  appointment_unavailable: {
    es: ({ name, when, why, cancelled }, clinic) => ({
      subject: `${clinic}: ${cancelled ? 'cita cancelada' : 'tu cita necesita otra fecha'} (${when})`,
      greeting: `Hola, ${name}:`,
      lines: cancelled
        ? [`Hemos tenido que cancelar tu cita del ${when}: ${why}.`, 'Puedes pedir otra cuando quieras.']
        : [
            `Tu cita del ${when} coincide con ${why}.`,
            'Cámbiala por otra fecha, o escríbenos y te ayudamos.',
          ],
      closing: `El equipo de ${clinic}`,
    }),
    en: ({ name, when, why, cancelled }, clinic) => ({
      subject: `${clinic}: ${cancelled ? 'appointment cancelled' : 'your appointment needs another date'} (${when})`,
      greeting: `Hello ${name},`,
      lines: cancelled
        ? [`We had to cancel your appointment of ${when}: ${why}.`, 'You can book another whenever you like.']
        : [
            `Your appointment of ${when} falls on ${why}.`,
            'Move it to another date, or write to us and we will help.',
          ],
      closing: `The ${clinic} team`,
    }),
  },
  appointment_confirmation: {
    es: ({ name, when, doctor, kind }, clinic) => ({
      subject: `${clinic}: ${{ booked: 'cita confirmada', moved: 'tu cita ha cambiado', cancelled: 'cita cancelada' }[kind]} (${when})`,
      greeting: `Hola, ${name}:`,
      lines: [
        {
          booked: `Tienes cita con ${doctor} el ${when}.`,
          moved: `Tu cita con ${doctor} es ahora el ${when}.`,
          cancelled: `Tu cita con ${doctor} del ${when} está cancelada.`,
        }[kind],
        'El archivo adjunto la pone (o la quita) en tu calendario.',
      ],
      closing: `El equipo de ${clinic}`,
    }),
    en: ({ name, when, doctor, kind }, clinic) => ({
      subject: `${clinic}: ${{ booked: 'appointment confirmed', moved: 'your appointment has changed', cancelled: 'appointment cancelled' }[kind]} (${when})`,
      greeting: `Hello ${name},`,
      lines: [
        {
          booked: `You have an appointment with ${doctor} on ${when}.`,
          moved: `Your appointment with ${doctor} is now on ${when}.`,
          cancelled: `Your appointment with ${doctor} on ${when} is cancelled.`,
        }[kind],
        'The attached file puts it in (or takes it out of) your calendar.',
      ],
      closing: `The ${clinic} team`,
    }),
  },
  appointment_reminder: {
    es: ({ name, when, doctor }, clinic) => ({
      subject: `${clinic}: recuerda tu cita (${when})`,
      greeting: `Hola, ${name}:`,
      lines: [
        `Te recordamos tu cita con ${doctor} el ${when}.`,
        'Si no puedes venir, cancélala o cámbiala en la app.',
      ],
      closing: `El equipo de ${clinic}`,
    }),
    en: ({ name, when, doctor }, clinic) => ({
      subject: `${clinic}: a reminder of your appointment (${when})`,
      greeting: `Hello ${name},`,
      lines: [
        `This is a reminder of your appointment with ${doctor} on ${when}.`,
        'If you cannot come, cancel or move it in the app.',
      ],
      closing: `The ${clinic} team`,
    }),
  },
  chat_reply: {
    es: ({ name }, clinic) => ({
      subject: `${clinic}: tienes una respuesta`,
      greeting: `Hola, ${name}:`,
      lines: [`El equipo de ${clinic} ha respondido a tu mensaje.`, 'Entra en la app para leerlo.'],
      closing: `El equipo de ${clinic}`,
    }),
    en: ({ name }, clinic) => ({
      subject: `${clinic}: you have a reply`,
      greeting: `Hello ${name},`,
      lines: [`The ${clinic} team has answered your message.`, 'Open the app to read it.'],
      closing: `The ${clinic} team`,
    }),
  },
};

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );

/** The plain-text and HTML parts of a mail, in the recipient's language. */
export function renderMail<T extends MailTemplate>(
  template: T,
  locale: Locale,
  params: MailParams[T],
  clinic: string,
): RenderedMail {
  const words = TEMPLATES[template][locale](params, clinic);
  const text = [
    words.greeting,
    '',
    ...words.lines,
    ...(words.action ? ['', `${words.action.label}: ${words.action.link}`] : []),
    '',
    words.closing,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.5">`,
    `<p>${escapeHtml(words.greeting)}</p>`,
    ...words.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(words.action
      ? [`<p><a href="${escapeHtml(words.action.link)}">${escapeHtml(words.action.label)}</a></p>`]
      : []),
    `<p>${escapeHtml(words.closing)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: words.subject, text, html };
}
