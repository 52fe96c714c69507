import type { Locale } from '../config/app-config.js';
import type { ErrorCode } from './error-codes.js';
import { MAX_JSON_DEPTH } from './input-guards.js';

/** The text of each error code; Spanish texts marked "seed" are fixed by the contract. */
export const ERROR_MESSAGES: Record<ErrorCode, Record<Locale, string>> = {
  VALIDATION_FAILED: { es: 'Los datos enviados no son válidos', en: 'The request data is not valid' },
  INVALID_JSON: { es: 'El cuerpo no es JSON válido', en: 'The body is not valid JSON' },
  EMAIL_TOKEN_INVALID: {
    es: 'El enlace para confirmar el correo no es válido, ya se usó o ha caducado',
    en: 'The e-mail confirmation link is not valid, was already used or has expired',
  },
  EMAIL_NOT_VERIFIED: {
    es: 'Confirma tu correo con el enlace que te enviamos antes de entrar',
    en: 'Confirm your e-mail with the link we sent you before logging in',
  },
  RESET_TOKEN_INVALID: {
    es: 'El enlace para restablecer la contraseña no es válido, ya se usó o ha caducado',
    en: 'The password reset link is not valid, was already used or has expired',
  },
  TOKEN_MISSING: { es: 'No hay token en la petición', en: 'The request has no token' },
  TOKEN_INVALID: { es: 'Token no válido', en: 'Invalid token' },
  TOKEN_EXPIRED: { es: 'El token ha caducado', en: 'The token has expired' },
  SESSION_REVOKED: { es: 'La sesión se ha cerrado', en: 'The session has been closed' },
  USER_DISABLED: { es: 'El usuario está desactivado', en: 'The user is disabled' },
  INVALID_CREDENTIALS: { es: 'Correo o contraseña incorrectos', en: 'Wrong email or password' },
  REFRESH_INVALID: { es: 'El token de refresco no es válido', en: 'Invalid refresh token' },
  REFRESH_REUSED: {
    es: 'El token de refresco ya se usó; la sesión se ha cerrado',
    en: 'The refresh token was already used; the session has been closed',
  },
  FORBIDDEN_ROLE: { es: 'Usuario/Rol no autorizado', en: 'User/role not authorized' },
  CSRF_INVALID: { es: 'Falta el token CSRF o no coincide', en: 'Missing or mismatched CSRF token' },
  INVALID_ADMIN_KEY: { es: 'La clave de administrador no es válida', en: 'Invalid admin key' },
  USER_NOT_FOUND: { es: 'El usuario no se encuentra en la DB', en: 'The user is not in the database' },
  NOT_FOUND: { es: 'No encontrado', en: 'Not found' },
  TARGET_DISABLED: {
    es: 'El usuario está desactivado; actívalo antes',
    en: 'The user is disabled; enable them first',
  },
  EMAIL_TAKEN: { es: 'El correo ya está registrado', en: 'The email is already registered' },
  APPOINTMENT_CONFLICT: {
    es: 'La cita se solapa con otra del médico o del paciente',
    en: 'The appointment overlaps another of the doctor or the patient',
  },
  INVALID_TRANSITION: { es: 'Cambio de estado no permitido', en: 'Status change not allowed' },
  PAYLOAD_TOO_LARGE: {
    es: 'El cuerpo de la petición es demasiado grande',
    en: 'The request body is too large',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    es: 'El cuerpo debe ser JSON (application/json)',
    en: 'The body must be JSON (application/json)',
  },
  OUTSIDE_WORKING_HOURS: {
    es: 'Fuera del horario del médico',
    en: "Outside the doctor's working hours",
  },
  IN_THE_PAST: { es: 'La fecha ya ha pasado', en: 'The time is in the past' },
  CANCEL_TOO_LATE: {
    es: 'Es demasiado tarde para cancelar o cambiar la cita',
    en: 'It is too late to cancel or move the appointment',
  },
  DOCTOR_UNAVAILABLE: {
    es: 'El médico no atiende en ese horario (cierre de la clínica o ausencia)',
    en: 'The doctor is not available then (the clinic is closed or the doctor is away)',
  },
  UPCOMING_LIMIT_REACHED: {
    es: 'Ya tienes el máximo de citas pendientes',
    en: 'You already hold the most upcoming appointments allowed',
  },
  TOO_MANY_ATTEMPTS: { es: 'Demasiados intentos; espera un poco', en: 'Too many attempts; please wait' },
  INTERNAL: { es: 'Error en el servidor', en: 'Server error' },
  SERVICE_UNAVAILABLE: {
    es: 'Servicio no disponible temporalmente',
    en: 'Service temporarily unavailable',
  },
};

/** Field messages for the class-validator constraints the DTOs use; others fall back to class-validator's text. */
export const CONSTRAINT_MESSAGES: Record<string, Record<Locale, string>> = {
  whitelistValidation: { es: 'este campo no está permitido', en: 'this field is not allowed' },
  isDefined: { es: 'es obligatorio', en: 'is required' },
  isNotEmpty: { es: 'no puede estar vacío', en: 'must not be empty' },
  isString: { es: 'debe ser un texto', en: 'must be a string' },
  isEmail: { es: 'debe ser un correo válido', en: 'must be a valid email' },
  isUuid: { es: 'debe ser un UUID', en: 'must be a UUID' },
  isBoolean: { es: 'debe ser verdadero o falso', en: 'must be true or false' },
  isInt: { es: 'debe ser un número entero', en: 'must be an integer' },
  isEnum: { es: 'no es un valor permitido', en: 'is not an allowed value' },
  isIn: { es: 'no es un valor permitido', en: 'is not an allowed value' },
  min: { es: 'es demasiado pequeño', en: 'is too small' },
  max: { es: 'es demasiado grande', en: 'is too large' },
  maxLength: { es: 'es demasiado largo', en: 'is too long' },
  minLength: { es: 'es demasiado corto', en: 'is too short' },
  passwordBytes: {
    es: 'debe tener entre 8 y 72 bytes (UTF-8)',
    en: 'must be 8 to 72 bytes long (UTF-8)',
  },
  passwordStrength: {
    es: 'es una contraseña demasiado común o fácil de adivinar',
    en: 'is too common or too easy to guess',
  },
  specialtyForDoctorsOnly: {
    es: 'solo los médicos tienen especialidad',
    en: 'only doctors have a specialty',
  },
  uuidParam: { es: 'debe ser un UUID', en: 'must be a UUID' },
  bearerScheme: {
    es: 'el token va tras el esquema Bearer: "Authorization: Bearer <token>"',
    en: 'the token goes after the Bearer scheme: "Authorization: Bearer <token>"',
  },
  isInstant: {
    es: 'debe ser ISO-8601 con desfase, p. ej. 2026-12-07T10:00:00+01:00 (en una URL, %2B por +)',
    en: 'must be ISO-8601 with an offset, e.g. 2026-12-07T10:00:00+01:00 (in a URL, %2B for +)',
  },
  noNul: { es: 'no puede contener el carácter NUL', en: 'must not contain a NUL character' },
  wellFormed: {
    es: 'debe ser texto Unicode bien formado (sin sustitutos sueltos)',
    en: 'must be well-formed Unicode text (no lone surrogates)',
  },
  maxDepth: {
    es: `anida más de ${MAX_JSON_DEPTH} niveles`,
    en: `nests deeper than ${MAX_JSON_DEPTH} levels`,
  },
  forbiddenKey: { es: 'no está permitido', en: 'is not allowed' },
  matches: { es: 'no tiene el formato esperado', en: 'does not have the expected format' },
  durationRange: {
    es: 'la cita debe durar entre 5 y 240 minutos y terminar después de empezar',
    en: 'the appointment must last 5 to 240 minutes and end after it starts',
  },
  requiredTogether: { es: 'startsAt y endsAt van juntos', en: 'startsAt and endsAt go together' },
  patientIdRequired: {
    es: 'un administrador o un médico debe indicar el paciente',
    en: 'an admin or a doctor must name the patient',
  },
  rangeOrder: {
    es: 'debe ser posterior a from (93 días como mucho)',
    en: 'must be after from (93 days at most)',
  },
  isObject: { es: 'debe ser un objeto', en: 'must be an object' },
  isArray: {
    es: 'debe ser una lista (100 elementos como mucho)',
    en: 'must be an array (100 items at most)',
  },
  validDate: { es: 'no es una fecha válida', en: 'is not a valid date' },
  intervalOrder: { es: 'end debe ser posterior a start', en: 'end must be after start' },
  phone: {
    es: 'debe ser un teléfono válido, p. ej. +34612345678',
    en: 'must be a valid phone number, e.g. +34612345678',
  },
  calendarDay: { es: 'debe ser un día del calendario, AAAA-MM-DD', en: 'must be a calendar day, YYYY-MM-DD' },
  birthDateRange: {
    es: 'no puede ser futura ni anterior a 1900-01-01',
    en: 'must not be in the future nor before 1900-01-01',
  },
  nationalIdFormat: {
    es: 'debe ser un DNI (8 cifras y letra) o un NIE (X, Y o Z, 7 cifras y letra)',
    en: 'must be a DNI (8 digits and a letter) or a NIE (X, Y or Z, 7 digits and a letter)',
  },
  nationalIdCheckLetter: {
    es: 'la letra de control no corresponde al número',
    en: 'the check letter does not match the number',
  },
  locale: { es: 'debe ser es o en', en: 'must be es or en' },
  intervalOverlap: {
    es: 'se solapa con otro intervalo del mismo día',
    en: 'overlaps another interval of the same day',
  },
};
