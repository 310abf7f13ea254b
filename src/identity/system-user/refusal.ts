/** A refusal: `IsSuccessful: false` with this ErrorMessage (still HTTP 200, as SOD answers). */
export class SystemUserRefusal extends Error {}
