// The Replay module: reading frame logs back (see the files beside this one).
