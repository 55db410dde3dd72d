import { isNotASlice } from '../../domain/scan-files';

/**
 * Multipart upload with progress (fetch has no upload progress, XHR does). The route handlers
 * reply JSON: success `{scanId}` / `{sha256}`, failure `{error: {code, message, details}}`.
 */
export function uploadFiles<T>(url: string, files: File[], onProgress: (fraction: number) => void, signal?: AbortSignal, fields: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    // Keep folder-relative names (DICOM series from a folder) as the part's file name.
    for (const f of files) form.append('file', f, (f as File & { relativePath?: string }).relativePath || f.webkitRelativePath || f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = (xhr.response ?? {}) as { error?: { code?: string; message?: string } };
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const message = body.error?.message ?? (xhr.status === 413 ? 'The upload is larger than the server allows' : `Upload failed (HTTP ${xhr.status})`);
      reject(Object.assign(new Error(message), { code: body.error?.code }));
    };
    xhr.onerror = () => reject(new Error('Network error during upload'));
    xhr.onabort = () => reject(new Error('Upload cancelled'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}

/** Files of a drop: plain files, or every file inside dropped folders (DataTransfer entries). */
export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return [...dt.files];
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push(Object.assign(file, { relativePath: prefix + file.name }));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns batches (about 100 at a time) until an empty batch.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}

/** Leave what is not a slice (DICOMDIR, hidden files, Thumbs.db) out of a series before it is sent. */
export const isScanFile = (f: File) => !isNotASlice(f.name);
