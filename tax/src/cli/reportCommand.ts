export async function runReportCommand(_opts: unknown): Promise<void> {
  throw Object.assign(new Error("tax report: not built yet"), { exitCode: 1 });
}
