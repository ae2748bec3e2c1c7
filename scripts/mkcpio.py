#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Pack a directory into an initramfs (cpio newc), owned by root.

    mkcpio.py OUTPUT DIR

Adds /dev/console as a character device, which needs no root here because
the archive is written directly rather than with mknod and cpio.
"""
import os
import stat
import sys


def header(ino, mode, nlink, size, rdev, name):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0,
              os.major(rdev), os.minor(rdev), len(name) + 1, 0]
    return ("070701" + "".join("%08x" % f for f in fields)).encode()


def pad(n):
    return b"\0" * (-n % 4)


def entry(out, ino, name, mode, data=b"", rdev=0):
    nlink = 2 if stat.S_ISDIR(mode) else 1
    head = header(ino, mode, nlink, len(data), rdev, name) + name.encode() + b"\0"
    out.write(head + pad(len(head)) + data + pad(len(data)))


def main():
    output, root = sys.argv[1], sys.argv[2]
    ino = 1
    with open(output, "wb") as out:
        entry(out, ino, "dev", stat.S_IFDIR | 0o755)
        ino += 1
        entry(out, ino, "dev/console", stat.S_IFCHR | 0o600, rdev=os.makedev(5, 1))
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            rel = os.path.relpath(dirpath, root)
            for name in sorted(dirnames) + sorted(filenames):
                path = os.path.join(dirpath, name)
                arc = os.path.normpath(os.path.join(rel, name))
                if arc == "dev":
                    continue
                st = os.lstat(path)
                ino += 1
                if stat.S_ISDIR(st.st_mode):
                    entry(out, ino, arc, stat.S_IFDIR | 0o755)
                elif stat.S_ISLNK(st.st_mode):
                    entry(out, ino, arc, stat.S_IFLNK | 0o777,
                          os.readlink(path).encode())
                else:
                    with open(path, "rb") as f:
                        entry(out, ino, arc, stat.S_IFREG | (st.st_mode & 0o777),
                              f.read())
        entry(out, 0, "TRAILER!!!", 0)


if __name__ == "__main__":
    main()
