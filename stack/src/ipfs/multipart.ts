/** One part of a multipart/form-data body as Kubo's `add` receives it. */
export interface FormPart {
  /** The field name (`file`, `file-1`, `dir-2`, ...). */
  name: string;
  /** The decoded filename: the path of the file inside the upload. */
  filename: string;
  contentType: string;
  data: Buffer;
}

/** The boundary of a multipart Content-Type header, or an error naming the header. */
export function boundaryOf(contentType: string | undefined): string {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  if (!match) throw new Error(`expected a multipart/form-data body with a boundary, got content-type "${contentType ?? ""}"`);
  return match[1] ?? match[2];
}

/** Splits a complete multipart/form-data body into its parts. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error("multipart body holds no boundary");
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === "--") break; // closing delimiter
    if (body.subarray(pos, pos + 2).toString() === "\r\n") pos += 2;
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) throw new Error("multipart part without a header end");
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString("utf8"));
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), dataStart);
    if (next < 0) throw new Error("multipart body is truncated (no closing boundary)");
    const disposition = headers["content-disposition"] ?? "";
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? "",
      filename: decodeURIComponent(/\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? ""),
      contentType: headers["content-type"] ?? "application/octet-stream",
      data: body.subarray(dataStart, next),
    });
    pos = next + 2;
  }
  return parts;
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
