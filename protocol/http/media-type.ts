/**
 * Whether a Content-Type header declares JSON: the media type `application/json` (RFC 8259 §11),
 * in any case (RFC 9110 §8.3.1: type and subtype are case-insensitive), with or without
 * parameters such as `charset=utf-8`. Core 1.1.0 gives every request and answer as `application/json`.
 */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (typeof contentType !== "string") {
    return false;
  }
  const [mediaType = ""] = contentType.split(";");
  return mediaType.trim().toLowerCase() === "application/json";
}
