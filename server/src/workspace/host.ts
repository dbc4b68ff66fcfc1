/** GOOS/GOARCH of the machine we run on, without asking `go` (what `go env` would default to). */
export function hostGoarch(): string {
  const m: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: 'x86', arm: 'arm', s390x: 's390x', ppc64: 'ppc64le', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };
  const a = m[process.arch] ?? 'amd64';
  return a === 'x86' ? '386' : a;
}

export function hostGoos(): string {
  const m: Record<string, string> = { win32: 'windows', darwin: 'darwin', linux: 'linux', freebsd: 'freebsd', openbsd: 'openbsd', aix: 'aix', sunos: 'solaris', android: 'android' };
  return m[process.platform] ?? 'linux';
}
