{
  "targets": [
    {
      "target_name": "trainlab_native",
      "sources": [
        "native/addon.cc",
        "native/addon_nn.cc",
        "native/threadpool.cc",
        "native/elementwise.cc",
        "native/reduce.cc",
        "native/gemm.cc",
        "native/conv.cc",
        "native/optim.cc",
        "native/rows.cc",
        "native/rnn.cc"
      ],
      "cflags!": ["-fno-exceptions", "-O2"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-O2"],
      "cflags": ["-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "OTHER_CPLUSPLUSFLAGS": ["-std=c++17", "-O3"]
      }
    }
  ]
}
