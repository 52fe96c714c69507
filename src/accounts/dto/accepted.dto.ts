export class AcceptedDto {
  /** What happens next, in the request's language. @example "Si hay una cuenta con ese correo, le hemos enviado un enlace para elegir una contraseña nueva." */
  message: string;
}
