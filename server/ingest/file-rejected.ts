// A whole file that cannot be loaded for a coded reason (e.g. a Bundle that is not valid JSON). The
// orchestrator records it as a failed source_file with one file-level rejected_row of that reason.
export class FileRejectedError extends Error {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(detail);
  }
}
