elementclass Q { $c | input -> Queue($c) -> output || input -> Queue -> output }
Idle -> Q(5) -> Discard; Idle -> Q -> Discard;
