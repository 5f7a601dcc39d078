x :: Classifier(12/0800, -); Idle -> x => (input[0] -> Discard; input[1] -> Idle) ;
define($N 3); Idle -> Queue($N) -> [0]x;
