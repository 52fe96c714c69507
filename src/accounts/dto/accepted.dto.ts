export class AcceptedDto {
  /** What happens next, in the request's language. */
  message: string;
}
