import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppError } from './app-error.js';
import { toErrorResponse } from './error-response.js';

describe('toErrorResponse', () => {
  it('renders an AppError with its status and localized message', () => {
    expect(toErrorResponse(new AppError('TOKEN_MISSING'), 'es')).toEqual({
      body: { statusCode: 401, code: 'TOKEN_MISSING', message: 'No hay token en la petición' },
      retryAfter: undefined,
      unexpected: false,
    });
    expect(toErrorResponse(new AppError('TOKEN_MISSING'), 'en').body.message).toBe(
      'The request has no token',
    );
  });

  it('localizes field errors by constraint, falling back to class-validator text', () => {
    const error = new AppError('VALIDATION_FAILED', [
      { field: 'email', constraints: { isEmail: 'email must be an email', custom: 'custom text' } },
    ]);
    expect(toErrorResponse(error, 'es').body.errors).toEqual([
      { field: 'email', messages: ['debe ser un correo válido', 'custom text'] },
    ]);
  });

  it('maps Nest and Fastify HTTP errors by status', () => {
    expect(toErrorResponse(new NotFoundException(), 'en').body.code).toBe('NOT_FOUND');
    expect(toErrorResponse(new BadRequestException(), 'en').body.code).toBe('VALIDATION_FAILED');
    const fastifyError = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 });
    expect(toErrorResponse(fastifyError, 'en').body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('hides anything unexpected behind INTERNAL and flags it for the log', () => {
    const leak = new Error('relation "users" does not exist at SELECT * FROM users WHERE password_hash = $1');
    const sut = toErrorResponse(leak, 'es');
    expect(sut).toEqual({
      body: { statusCode: 500, code: 'INTERNAL', message: 'Error en el servidor' },
      unexpected: true,
    });
  });

  it('calls a refused database connection SERVICE_UNAVAILABLE with Retry-After', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const sut = toErrorResponse(refused, 'es');
    expect(sut.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(sut.retryAfter).toBe(5);
  });

  it.each([
    ['57014', 'canceling statement due to statement timeout'],
    ['25P03', 'terminating connection due to idle-in-transaction timeout'],
    ['25P02', 'current transaction is aborted, commands ignored until end of transaction block'],
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access due to concurrent update'],
  ])('calls PostgreSQL giving up (%s) SERVICE_UNAVAILABLE with Retry-After', (code, message) => {
    const sut = toErrorResponse(Object.assign(new Error(message), { code }), 'en');
    expect(sut.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(sut.retryAfter).toBe(5);
  });
});
