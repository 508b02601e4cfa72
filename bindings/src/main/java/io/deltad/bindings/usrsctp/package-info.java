/**
 * FFM bindings to usrsctp 0.9.x ({@code libusrsctp.so.2}), hand-written in jextract's shape: {@link usrsctp_h} (socket
 * API), {@link usrsctp_sysctl} (tuning), one class per struct with static accessors, the callback types
 * {@link usrsctp_conn_output} and {@link usrsctp_upcall}, and {@link usrsctp_constants}. Only what deltad uses.
 * {@link UsrsctpLibrary} loads the library and explains a missing one.
 */
package io.deltad.bindings.usrsctp;
