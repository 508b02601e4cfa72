/** FFM bindings in jextract's style: libc, libnuma, libusrsctp and the DPDK shim. */
package io.deltad.bindings;
