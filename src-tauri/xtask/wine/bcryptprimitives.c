/*
 * A stand-in for Windows' bcryptprimitives.dll, for running the
 * cross-built prevent-sa.exe under Wine 8 only (`cargo xtask test` and
 * `cargo xtask windows`). Rust's standard library asks this DLL for random
 * bytes (ProcessPrng, Windows 10 and later); Wine 8 lacks the function, so
 * this one answers from RtlGenRandom (advapi32's SystemFunction036), which
 * Wine has. It is never shipped: real Windows has the real DLL.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
