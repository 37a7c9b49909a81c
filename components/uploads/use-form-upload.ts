"use client";

import { useCallback, useState } from "react";
import { postForm, type PostFormResponse } from "./post-form";

/** What UploadProgress shows: the label, and the share sent (null once sent, while the server works). */
export type FormUploadProgress = { label: string; fraction: number | null };

/**
 * Posts a form with postForm and keeps its progress for UploadProgress: `uploading` with the share
 * of the body sent, then `checking` while the server reads it; null when no post is running.
 * Resolves with the answer; rejects with CONNECTION_LOST_MESSAGE only when no answer came.
 */
export function useFormUpload() {
  const [progress, setProgress] = useState<FormUploadProgress | null>(null);
  const post = useCallback(
    async (
      url: string,
      body: FormData,
      labels: { uploading: string; checking: string },
      // "blob" when the answer is a file to save (the problem rows of an upload).
      responseType: "text" | "blob" = "text",
    ): Promise<PostFormResponse> => {
      setProgress({ label: labels.uploading, fraction: 0 });
      try {
        return await postForm(url, body, {
          responseType,
          onUploadProgress: (loaded, total) => {
            const fraction = loaded / Math.max(total, 1);
            setProgress(fraction < 1 ? { label: labels.uploading, fraction } : { label: labels.checking, fraction: null });
          },
        });
      } finally {
        setProgress(null);
      }
    },
    [],
  );
  return { progress, post };
}
