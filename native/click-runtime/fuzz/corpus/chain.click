a :: Idle -> Queue(10) -> b :: Discard;
