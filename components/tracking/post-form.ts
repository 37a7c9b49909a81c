"use client";

export type PostFormResponse = { status: number; text: string; blob?: Blob };

/**
 * POSTs a form with XMLHttpRequest rather than fetch, because only XHR reports upload progress
 * (a 15 MB file takes a while on a slow uplink) and hands over a streamed response as it arrives.
 */
export function postForm(
  url: string,
  body: FormData,
  options: {
    onUpload?: (fraction: number) => void;
    /** The response text so far, each time more arrives. */
    onText?: (text: string) => void;
    responseType?: "text" | "blob";
  } = {},
): Promise<PostFormResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = options.responseType ?? "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onUpload?.(event.loaded / event.total);
    };
    xhr.onprogress = () => {
      if (xhr.responseType === "text" || xhr.responseType === "") options.onText?.(xhr.responseText);
    };
    xhr.onload = async () => {
      if (xhr.responseType === "blob") {
        const blob = xhr.response as Blob;
        resolve({ status: xhr.status, text: xhr.status >= 400 ? await blob.text() : "", blob });
      } else resolve({ status: xhr.status, text: xhr.responseText });
    };
    xhr.onerror = () => reject(new Error("The connection to the server was lost. Check your connection and try again."));
    xhr.send(body);
  });
}

/** Saves a blob as a download with the given name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
