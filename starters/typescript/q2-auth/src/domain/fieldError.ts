// One body field broke its rule. The message names the field, so it can be
// shown as is ("email is required"); `errors.ts` turns it into a 422 with
// `{"error": "<message>", "field": "<field>"}`.

export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
