export type PostImportFormOptions = {
  /** Bytes of the request body sent so far (XMLHttpRequest upload events; fetch has none). */
  onUploadProgress?: (loaded: number, total: number) => void;
  /** The response text received so far, for answers that stream progress lines. */
  onResponseText?: (text: string) => void;
  signal?: AbortSignal;
};

/**
 * Posts a multipart form with XMLHttpRequest, which (unlike fetch) reports upload progress — the
 * part a creator waits for with a 60 MB backer report — and also hands over the streamed response
 * text as it arrives. Resolves with the status and the full response text; rejects only when the
 * request could not be made at all.
 */
export function postImportForm(url: string, form: FormData, options: PostImportFormOptions = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onUploadProgress?.(event.loaded, event.total);
    };
    xhr.upload.onload = () => options.onUploadProgress?.(1, 1);
    xhr.onprogress = () => options.onResponseText?.(xhr.responseText);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new Error("connection lost"));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
