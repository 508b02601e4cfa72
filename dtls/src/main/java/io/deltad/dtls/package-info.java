/** The secure DataChannel transport: ICE-lite, DTLS 1.2, SCTP over usrsctp, DCEP (server and client roles). */
package io.deltad.dtls;
