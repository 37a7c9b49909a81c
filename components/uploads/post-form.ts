"use client";

export type PostFormResponse = { status: number; text: string; blob?: Blob };

/** Why an upload never got an answer; callers show it as is. */
export const CONNECTION_LOST_MESSAGE = "The connection to the server was lost. Check your connection and try again.";

/**
 * POSTs a form with XMLHttpRequest rather than fetch, because only XHR reports upload progress —
 * what a creator waits for with a 60 MB backer report or a tracking file. Every upload of the app
 * (backer import, tracking files, digital reward code lists) goes through here. Resolves with the
 * status and the answer's text (and, with `responseType: "blob"`, the downloaded file; its text only when it is a refusal);
 * rejects with CONNECTION_LOST_MESSAGE only when no answer came.
 */
export function postForm(
  url: string,
  body: FormData,
  options: {
    /** Bytes of the body sent so far; (1, 1) once all of it is sent, whatever the browser reported before. */
    onUploadProgress?: (loaded: number, total: number) => void;
    responseType?: "text" | "blob";
  } = {},
): Promise<PostFormResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = options.responseType ?? "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onUploadProgress?.(event.loaded, event.total);
    };
    xhr.upload.onload = () => options.onUploadProgress?.(1, 1);
    xhr.onload = async () => {
      if (xhr.responseType === "blob") {
        const blob = xhr.response as Blob;
        resolve({ status: xhr.status, text: xhr.status >= 400 ? await blob.text() : "", blob });
      } else resolve({ status: xhr.status, text: xhr.responseText });
    };
    xhr.onerror = () => reject(new Error(CONNECTION_LOST_MESSAGE));
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
