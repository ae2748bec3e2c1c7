# SPDX-License-Identifier: GPL-2.0
#
# A kernel log without the KCSAN reports that do not name hwmem: the
# KCSAN kernel reports races of its own core now and then, which are not
# hwmem's to answer for.  Every other line, and every report that names a
# function of hwmem's ("[hwmem]" or "[hwmem_test]" in a stack), passes.  A report is
# a line of '=' signs, "BUG: KCSAN: ..." and what follows, up to the next
# line of '=' signs.  Works with busybox awk and mawk.
{
	if (inside) {
		block = block "\n" $0
		if ($0 ~ /==========$/) {
			if (block ~ /\[hwmem/)
				print block
			inside = 0
		}
		next
	}
	if (rule != "") {
		if ($0 ~ /BUG: KCSAN:/) {
			inside = 1
			block = rule "\n" $0
			rule = ""
			next
		}
		print rule
		rule = ""
	}
	if ($0 ~ /==========$/) {
		rule = $0
		next
	}
	print
}
END {
	if (rule != "")
		print rule
	if (inside && block ~ /\[hwmem/)
		print block
}
